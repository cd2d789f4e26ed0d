@echo off
rem planlib @VERSION@ offline install for Windows (64-bit): finds Python 3.11 or 3.12, then
rem install.py makes the virtual environment planlib-env beside this file from wheels\ only.
chcp 65001 >nul
setlocal EnableExtensions
set "HERE=%~dp0"
echo planlib @VERSION@ 离线安装（Windows）
set "PY="
set "FOUND="
if defined PLANLIB_PYTHON set PY="%PLANLIB_PYTHON%" & goto check
py -3.12 -c "import sys" >nul 2>nul
if not errorlevel 1 set "PY=py -3.12" & goto check
py -3.11 -c "import sys" >nul 2>nul
if not errorlevel 1 set "PY=py -3.11" & goto check
python -c "import sys" >nul 2>nul
if not errorlevel 1 set "PY=python" & goto check
echo 错误：未找到 Python。请先安装 Python 3.11 或 3.12（64 位；安装时勾选“Add python.exe to PATH”），再重新运行 install.bat。
goto failed

:check
%PY% -c "import sys; sys.exit(0 if sys.version_info[:2] in [(3, 11), (3, 12)] else 1)" >nul 2>nul
if not errorlevel 1 goto install
for /f "delims=" %%v in ('%PY% --version 2^>^&1') do set "FOUND=%%v"
echo 错误：需要 Python 3.11 或 3.12，找到的是 %FOUND%。请安装 Python 3.11 或 3.12（64 位）后重新运行 install.bat。
goto failed

:install
%PY% "%HERE%install.py" %*
if errorlevel 1 goto failed
echo.
pause
exit /b 0

:failed
echo.
pause
exit /b 1
